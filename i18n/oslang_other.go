//go:build !windows && !darwin

package i18n

import "os"

var getenv = os.Getenv

// osLanguages: elsewhere the locale variables are the user's language.
func osLanguages() []string { return nil }
