package exchange

import (
	"crypto/x509"
	"errors"
	"io/fs"
	"os"

	"ewsconnect/i18n"
)

// AddRootCAs is base (nil: the system's trusted roots) plus the PEM
// certificates in file (--ca-file, or the wizard's "trust a CA file"): a
// company root certificate can be trusted for a check without installing
// it. base is not changed.
func AddRootCAs(base *x509.CertPool, file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		reason := err
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			reason = pathErr.Err // the file's name is said once, by the text
		}
		return nil, i18n.NewError("flag.ca-file.unreadable", i18n.Data{"File": file, "Reason": reason.Error()})
	}
	var pool *x509.CertPool
	if base != nil {
		pool = base.Clone()
	} else if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, i18n.NewError("flag.ca-file.no-certificates", i18n.Data{"File": file})
	}
	return pool, nil
}
