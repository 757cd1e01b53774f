package exchangesim

import "time"

// Message is a test message the server accepted with CreateItem. Nothing is
// delivered anywhere; the simulator only remembers it.
type Message struct {
	Host    string    // the demo host it was sent through
	Login   string    // who signed in, e.g. CONTOSO\alice or alice@contoso.test
	From    string    // the From address: the mailbox it was sent as
	To      []string  // ToRecipients
	Bcc     []string  // BccRecipients
	Subject string    //
	Body    string    //
	Time    time.Time // when it arrived
}

// Sent returns the test messages received so far, oldest first.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

func (s *Server) record(m Message) {
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	if s.opts.OnSend != nil {
		s.opts.OnSend(m)
	}
}
