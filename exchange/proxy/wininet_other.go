//go:build !windows

package proxy

// ReadWindowsSettings reads the user's WinINet proxy setting; other
// systems have none.
func ReadWindowsSettings() (Settings, error) { return Settings{}, nil }
