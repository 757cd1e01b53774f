package i18n

import (
	"os"

	"golang.org/x/sys/windows"
)

var getenv = os.Getenv

// osLanguages are the user's Windows display languages, most preferred
// first ("pl-PL"), as the Settings app orders them.
func osLanguages() []string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return langs
}
