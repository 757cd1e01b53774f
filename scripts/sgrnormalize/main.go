// Command sgrnormalize rewrites a `tmux capture-pane -e -p` capture so that
// freeze renders it correctly. tmux emits only the changes between cells
// and carries colours across lines; freeze's ANSI reader starts every SGR
// span afresh, styles each line on its own and ignores resets such as 39
// and 22. So every SGR here is replaced by a full reset followed by the
// complete current state, and each line starts from the state the previous
// one left. Trailing blank lines are dropped.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// state is the pen: attributes that are on, and the colours as SGR params.
type state struct {
	attrs  map[int]bool // 1 bold, 2 faint, 3 italic, 4 underline, 7 reverse, 9 strike
	fg, bg []int
}

func (s *state) apply(params string) {
	var p []int
	if params == "" {
		p = []int{0}
	}
	for _, f := range strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' }) {
		n, _ := strconv.Atoi(f)
		p = append(p, n)
	}
	for i := 0; i < len(p); i++ {
		v := p[i]
		switch {
		case v == 0:
			*s = state{attrs: map[int]bool{}}
		case v == 1 || v == 2 || v == 3 || v == 4 || v == 7 || v == 9:
			s.attrs[v] = true
		case v == 22:
			delete(s.attrs, 1)
			delete(s.attrs, 2)
		case v == 23 || v == 24 || v == 27 || v == 29:
			delete(s.attrs, v-20)
		case 30 <= v && v <= 37, 90 <= v && v <= 97:
			s.fg = []int{v}
		case v == 39:
			s.fg = nil
		case 40 <= v && v <= 47, 100 <= v && v <= 107:
			s.bg = []int{v}
		case v == 49:
			s.bg = nil
		case (v == 38 || v == 48) && i+1 < len(p):
			n := 5
			if p[i+1] == 5 {
				n = 3
			}
			end := min(len(p), i+n)
			if v == 38 {
				s.fg = append([]int(nil), p[i:end]...)
			} else {
				s.bg = append([]int(nil), p[i:end]...)
			}
			i = end - 1
		}
	}
}

func (s *state) emit() string {
	var parts []string
	for _, a := range []int{1, 2, 3, 4, 7, 9} {
		if s.attrs[a] {
			parts = append(parts, strconv.Itoa(a))
		}
	}
	for _, c := range [][]int{s.fg, s.bg} {
		for _, n := range c {
			parts = append(parts, strconv.Itoa(n))
		}
	}
	if len(parts) == 0 {
		return "\x1b[0m"
	}
	return "\x1b[0m\x1b[" + strings.Join(parts, ";") + "m"
}

func main() {
	in, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st := state{attrs: map[int]bool{}}
	var out []string
	for _, line := range strings.Split(string(in), "\n") {
		var b strings.Builder
		b.WriteString(st.emit())
		pos := 0
		for _, m := range sgr.FindAllStringSubmatchIndex(line, -1) {
			b.WriteString(line[pos:m[0]])
			st.apply(line[m[2]:m[3]])
			b.WriteString(st.emit())
			pos = m[1]
		}
		b.WriteString(line[pos:])
		out = append(out, b.String())
	}
	for len(out) > 0 && strings.TrimSpace(sgr.ReplaceAllString(out[len(out)-1], "")) == "" {
		out = out[:len(out)-1]
	}
	fmt.Print(strings.Join(out, "\n") + "\x1b[0m\n")
}
