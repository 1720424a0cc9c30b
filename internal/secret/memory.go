package secret

import "sync"

// Memory keeps passwords only while the app runs: the fallback on computers with no keychain
// (a Linux desktop without a Secret Service, a locked-down terminal server). The user types
// the password again after each start, which is the price of never writing it to disk.
type Memory struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

// Get returns the password set earlier in this run.
func (s *Memory) Get(account string) (string, error) {
	if err := checkArgs("get", account, ""); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pw, ok := s.m[account]
	if !ok {
		return "", &Error{Op: "get", Kind: ErrNotFound}
	}
	return pw, nil
}

// Set keeps the password until the app quits.
func (s *Memory) Set(account, password string) error {
	if err := checkArgs("set", account, password); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[account] = password
	return nil
}

// Delete forgets the password.
func (s *Memory) Delete(account string) error {
	if err := checkArgs("delete", account, ""); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, account)
	return nil
}
