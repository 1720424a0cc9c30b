package secret

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestMemory(t *testing.T) {
	var s Store = NewMemory()
	if _, err := s.Get("alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	if err := s.Set("alice", "pw"); err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Get("alice"); pw != "pw" || err != nil {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if err := s.Delete("alice"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("alice"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	var zero Memory // usable without NewMemory
	if err := zero.Set("bob", "pw"); err != nil {
		t.Fatal(err)
	}
}

// The UI reads and writes from different goroutines; run with -race.
func TestMemoryConcurrent(t *testing.T) {
	s := NewMemory()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acct := fmt.Sprint("user", i%3)
			for j := range 200 {
				_ = s.Set(acct, fmt.Sprint(j))
				_, _ = s.Get(acct)
				if j%50 == 0 {
					_ = s.Delete(acct)
				}
			}
		}()
	}
	wg.Wait()
}
