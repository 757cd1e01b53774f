package i18n

import (
	"context"
	"os"
	"os/exec"
	"time"
)

var getenv = os.Getenv

// osLanguages are the macOS user's preferred languages, most preferred
// first, as System Settings orders them: `defaults read -g
// AppleLanguages`, asked with a short deadline so a broken defaults
// cannot hold the start.
func osLanguages() []string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/defaults", "read", "-g", "AppleLanguages").Output()
	if err != nil {
		return nil
	}
	return parseAppleLanguages(string(out))
}
