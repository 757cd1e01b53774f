package proxy

import "golang.org/x/sys/windows/registry"

// internetSettings is the user's WinINet key.
const internetSettings = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`

// ReadWindowsSettings reads the user's WinINet proxy setting from the
// registry. Values that are absent read as empty (the proxy off); a key
// that cannot be opened is an error.
func ReadWindowsSettings() (Settings, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, internetSettings, registry.QUERY_VALUE)
	if err != nil {
		return Settings{}, err
	}
	defer k.Close()
	var s Settings
	if v, _, err := k.GetIntegerValue("ProxyEnable"); err == nil {
		s.Enabled = v == 1 // absent, or not a DWORD: off, as WinINet reads it
	}
	s.Server = stringValue(k, "ProxyServer")
	s.Override = stringValue(k, "ProxyOverride")
	s.AutoConfigURL = stringValue(k, "AutoConfigURL")
	return s, nil
}

// stringValue is a REG_SZ value, "" when absent or of another type.
func stringValue(k registry.Key, name string) string {
	v, _, err := k.GetStringValue(name)
	if err != nil {
		return ""
	}
	return v
}
