package autodiscoverwire

import (
	"encoding/json"
	"errors"
	"strings"
)

// MaxJSONSize caps a v2 JSON answer: a real one is under 200 bytes.
const MaxJSONSize = 64 << 10

// JSON is the autodiscover v2 answer: {"Protocol":"EWS","Url":"…"}, or an
// error object.
type JSON struct {
	Protocol string
	URL      string
	// ErrorCode and ErrorMessage are set when the server answered with an
	// error object instead.
	ErrorCode    string
	ErrorMessage string
}

// ParseJSON reads a v2 answer. Keys are matched without regard to case;
// unknown keys are ignored; non-string values for the known keys are
// refused.
func ParseJSON(b []byte) (JSON, error) {
	if len(b) > MaxJSONSize {
		return JSON{}, ErrTooLarge
	}
	var raw struct {
		Protocol     string `json:"Protocol"`
		URL          string `json:"Url"`
		ErrorCode    string `json:"ErrorCode"`
		ErrorMessage string `json:"ErrorMessage"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return JSON{}, errors.New("not a JSON object with string fields")
	}
	out := JSON{
		Protocol:     clip(strings.TrimSpace(raw.Protocol), maxTextLen),
		URL:          clip(strings.TrimSpace(raw.URL), maxTextLen),
		ErrorCode:    clip(strings.TrimSpace(raw.ErrorCode), maxTextLen),
		ErrorMessage: clip(strings.TrimSpace(raw.ErrorMessage), maxTextLen),
	}
	if out.URL == "" && out.ErrorCode == "" && out.ErrorMessage == "" {
		return JSON{}, errors.New("neither a Url nor an error")
	}
	return out, nil
}
