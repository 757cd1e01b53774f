package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"ewsconnect/i18n"
)

// A saved report names the account and the server: it is written readable
// by its owner only, and a new report never replaces an earlier one.

// WriteFile writes md to path (the user named it: it may replace a file
// there), readable by the owner only.
func WriteFile(path, md string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	return finish(f, md)
}

// SaveNew writes md to a new file in dir named base+ext, or base-2+ext,
// base-3+ext … when that exists, and returns its path.
func SaveNew(dir, base, ext, md string) (string, error) {
	for n := 1; n < 1000; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return path, finish(f, md)
	}
	return "", i18n.NewError("report.too-many-files", i18n.Data{"Dir": dir, "Name": base + ext})
}

// finish writes md, restricts the file to its owner where the mode bits
// do not (Windows), and closes it.
func finish(f *os.File, md string) error {
	_, err := f.WriteString(md)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ownerOnly(f.Name())
	}
	return err
}
