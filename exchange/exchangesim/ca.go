package exchangesim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"time"
)

// authority is a CA that lives only in memory for the life of the server.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// newAuthority makes a self-signed root CA named cn.
func newAuthority(cn, org string, now time.Time) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore:             now.AddDate(-2, 0, 0), // older than the expired leaf, as real CAs are
		NotAfter:              now.AddDate(5, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            1, // room for the demo issuing CA
	}
	return newCA(tmpl, key, tmpl, key)
}

// newIntermediate makes a CA named cn signed by ca, one that may sign
// server certificates only, as a company's or a public CA's issuing CA is.
func (ca *authority) newIntermediate(cn string, now time.Time) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: ca.cert.Subject.Organization},
		NotBefore:             now.AddDate(-1, 0, 0),
		NotAfter:              now.AddDate(4, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	return newCA(tmpl, key, ca.cert, ca.key)
}

// newCA signs tmpl, the certificate of key, with parent's key signer.
func newCA(tmpl *x509.Certificate, key *ecdsa.PrivateKey, parent *x509.Certificate, signer *ecdsa.PrivateKey) (*authority, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key}, nil
}

// leafSpec is what goes into a server certificate.
type leafSpec struct {
	commonName          string
	dnsNames            []string
	notBefore, notAfter time.Time
	// sigAlg is the CA's signature; 0 is ECDSA with SHA-256. crypto/x509
	// still signs with SHA-1 (it refuses only MD5), though it no longer
	// accepts such a signature in a chain.
	sigAlg x509.SignatureAlgorithm
	// issuerURL, when set, is where the issuer's certificate is published
	// (Authority Information Access, caIssuers).
	issuerURL string
}

// issue signs a TLS server certificate.
func (ca *authority) issue(spec leafSpec) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: spec.commonName, Organization: []string{"Contoso Ltd"}},
		DNSNames:     spec.dnsNames,
		NotBefore:    spec.notBefore,
		NotAfter:     spec.notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},

		SignatureAlgorithm: spec.sigAlg,
	}
	if spec.issuerURL != "" {
		tmpl.IssuingCertificateURL = []string{spec.issuerURL}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

func (ca *authority) pem() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw})
}

func randomSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}
