package guidance

import "testing"

func TestEveryClientHasSteps(t *testing.T) {
	cs := Clients()
	if len(cs) < 8 {
		t.Fatalf("only %d clients", len(cs))
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if c.ID == "" || c.Name == "" || len(c.Steps) == 0 {
			t.Errorf("client %+v is incomplete", c)
		}
		if seen[c.ID] {
			t.Errorf("duplicate id %q", c.ID)
		}
		seen[c.ID] = true
	}
	for _, id := range []string{"outlook", "outlook-web", "gmail", "thunderbird", "apple-mail", "notes", "webmail", "phone", "outlook-express"} {
		if _, ok := ByID(id); !ok {
			t.Errorf("no steps for %s", id)
		}
	}
}
