package report

import "golang.org/x/sys/windows"

// documentsFolder is the user's Documents known folder: the one Explorer
// shows, which may be redirected to OneDrive or a network share.
func documentsFolder() string {
	dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, windows.KF_FLAG_DEFAULT)
	if err != nil {
		return ""
	}
	return dir
}
