package i18n

import (
	"testing"
	"time"
)

// What putting one detail into words costs: a text with a nested quote, a
// duration and a plural, as a refused proxy tunnel or a slow TLS
// handshake is said. Every problem and attempt is rendered a few times a
// run (the screen, the report), so this bounds the catalogs' overhead.
func BenchmarkDetailInPolish(b *testing.B) {
	m := Join("; ",
		MN("seen.tls.handshake-slow", 5, Data{"Host": "mail.contoso.test", "Timeout": 10 * time.Second}),
		M("seen.server-said", Data{"Said": "Access is denied."}))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.In(PL)
	}
}

// Reading both embedded catalogs, which happens once, at the first text.
func BenchmarkLoadCatalogs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadCatalog(locales); err != nil {
			b.Fatal(err)
		}
	}
}
