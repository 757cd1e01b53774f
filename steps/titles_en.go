package steps

// stepTitlesEN are the steps' short names, as the checks list shows them.
var stepTitlesEN = map[ID]string{
	Autodiscover: "Find server",
	URL:          "URL",
	DNS:          "DNS",
	Connect:      "Connect",
	TLS:          "TLS",
	Endpoint:     "Endpoint",
	Auth:         "Sign in",
	Version:      "Version",
	Mailbox:      "Mailbox",
	Send:         "Test message",
}

// Title is the step's short name.
func (id ID) Title() string { return stepTitlesEN[id] }
