//go:build !windows

package report

// documentsFolder: only Windows saves to Documents (SaveDirs).
func documentsFolder() string { return "" }
