package text

import "testing"

func TestMessage(t *testing.T) {
	Register(map[Key]Texts{
		"test_greeting": {"hello %s", "bonjour %s"},
		"test_english":  {"only English", ""},
	})
	tests := []struct {
		lang Language
		key  Key
		args []any
		want string
	}{
		{English, "test_greeting", []any{"Ada"}, "hello Ada"},
		{French, "test_greeting", []any{"Ada"}, "bonjour Ada"},
		{French, "test_english", nil, "only English"},
		{French, "test_missing", nil, "test_missing"},
	}
	for _, tt := range tests {
		if got := Message(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("Message(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	if !Registered("test_greeting") || Registered("test_missing") {
		t.Error("Registered does not tell registered keys from others")
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	Register(map[Key]Texts{"test_once": {"once", "une fois"}})
	defer func() {
		if recover() == nil {
			t.Fatal("registering a key twice did not panic")
		}
	}()
	Register(map[Key]Texts{"test_once": {"twice", "deux fois"}})
}
