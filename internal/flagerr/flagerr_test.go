package flagerr

import (
	"errors"
	"flag"
	"io"
	"testing"
	"time"
)

// The flag package's own errors, read back: the test breaks when a Go
// release words them differently.
func TestReadsTheFlagPackagesErrors(t *testing.T) {
	parse := func(args ...string) error {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.Duration("timeout", time.Second, "")
		fs.Int("port", 0, "")
		fs.Bool("json", false, "")
		fs.Func("resolve", "", func(string) error { return errors.New("want HOST:ADDR") })
		return fs.Parse(args)
	}
	for _, tt := range []struct {
		args []string
		want Error
	}{
		{[]string{"--nope"}, Error{Kind: Unknown, Flag: "nope"}},
		{[]string{"-timeout"}, Error{Kind: NeedsValue, Flag: "timeout"}},
		{[]string{"--timeout", "soon"}, Error{Kind: Invalid, Flag: "timeout", Value: `"soon"`, Reason: Syntax}},
		{[]string{"--port", "99999999999999999999"}, Error{Kind: Invalid, Flag: "port", Value: `"99999999999999999999"`, Reason: OutOfRange}},
		{[]string{"--json=maybe"}, Error{Kind: Invalid, Flag: "json", Value: `"maybe"`, Reason: Syntax}},
		{[]string{"--resolve", `a"b`}, Error{Kind: Invalid, Flag: "resolve", Value: `"a\"b"`, Reason: "want HOST:ADDR"}},
	} {
		got, ok := Read(parse(tt.args...))
		if !ok || got != tt.want {
			t.Errorf("%v: %+v, %v; want %+v", tt.args, got, ok, tt.want)
		}
	}
	if _, ok := Read(errors.New("something else")); ok {
		t.Error("an error of another kind was read as the flag package's")
	}
}
