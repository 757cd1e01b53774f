package exchange

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"

	"ewsconnect/i18n"
)

// maxIssuerSize caps what an AIA URL may send: one CA certificate is 1 to
// 2 KiB, a PEM bundle of a few a little more.
const maxIssuerSize = 64 << 10

// fetchCertificates GETs the certificates at a caIssuers URL over plain
// HTTP: one request, no credentials, no redirect followed, no proxy of
// net/http's own; the connection goes through n.DialTCP, so --resolve,
// --connect-to and the demo's names apply as to every check. The answer
// must be DER or PEM certificates (not PKCS #7). ctx bounds it all; with
// no deadline, the step timeout does.
func fetchCertificates(ctx context.Context, n Network, rawURL string) ([]*x509.Certificate, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.StepTimeout())
		defer cancel()
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil {
		return nil, errNotPlainHTTP
	}
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return n.DialTCP(ctx, host, port)
		},
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: 16 << 10,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent())
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, i18n.NewError("seen.tls.aia-status", i18n.Data{"Status": quotable(resp.Status)})
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxIssuerSize+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxIssuerSize {
		return nil, i18n.NewError("seen.tls.aia-too-large", i18n.Data{"KiB": maxIssuerSize >> 10})
	}
	return parseCertificates(body)
}

// parseCertificates reads PEM CERTIFICATE blocks, else DER certificates
// one after another.
func parseCertificates(body []byte) ([]*x509.Certificate, error) {
	if bytes.Contains(body, []byte("-----BEGIN")) {
		var certs []*x509.Certificate
		for rest := body; ; {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			if block.Type != "CERTIFICATE" {
				continue
			}
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, errNotCertificate
			}
			certs = append(certs, c)
		}
		if len(certs) == 0 {
			return nil, errNotCertificate
		}
		return certs, nil
	}
	certs, err := x509.ParseCertificates(body)
	if err != nil || len(certs) == 0 {
		return nil, errNotCertificate
	}
	return certs, nil
}

// What fetchCertificates says of an address or an answer it cannot use.
var (
	errNotPlainHTTP   = i18n.NewError("seen.tls.aia-not-http")
	errNotCertificate = i18n.NewError("seen.tls.aia-not-certificate")
)

// fetchFailure says in a few words why the fetch failed: the dial's own
// problem (dns-failed, connect-refused …), a timeout, fetchCertificates's
// own words, or the error without net/http's "Get URL:" prefix, quoted.
func fetchFailure(err error) tlsReason {
	if p := AsProblem(err); p != nil {
		if p.Seen.IsZero() {
			return tlsWords(i18n.Verbatim(p.Detail))
		}
		return tlsWords(p.Seen)
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return tlsWords(i18n.M("seen.tls.aia-no-answer"))
	}
	var own *i18n.Error
	if errors.As(err, &own) {
		return tlsWords(own.Msg)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return tlsSaid(ue.Err.Error())
	}
	return tlsSaid(err.Error())
}
