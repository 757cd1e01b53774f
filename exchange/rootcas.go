package exchange

import (
	"crypto/x509"
	"fmt"
	"os"
)

// AddRootCAs is base (nil: the system's trusted roots) plus the PEM
// certificates in file (--ca-file, or the wizard's "trust a CA file"): a
// company root certificate can be trusted for a check without installing
// it. base is not changed.
func AddRootCAs(base *x509.CertPool, file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var pool *x509.CertPool
	if base != nil {
		pool = base.Clone()
	} else if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate (it should start with -----BEGIN CERTIFICATE-----)", file)
	}
	return pool, nil
}
