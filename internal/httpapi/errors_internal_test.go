package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

func TestStatusByCode(t *testing.T) {
	for code, status := range map[kg.Code]int{
		kg.EINVALID: 400, kg.ENOTFOUND: 404, kg.EFORBIDDEN: 403, kg.EUNAVAILABLE: 503,
		kg.ETIMEOUT: 504, kg.EINTERNAL: 500, kg.ETOOLARGE: 422, codeTooLarge: 413, codeRateLimited: 429,
		codeMethodNotAllowed: 405, "NO_SUCH_CODE": 500,
	} {
		if got := httpStatus(code); got != status {
			t.Errorf("%s: %d, want %d", code, got, status)
		}
	}
}

func TestWriteError(t *testing.T) {
	w := httptest.NewRecorder()
	writeError(w, codeRateLimited, "slow down")
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]string
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Content-Type") != "application/json" ||
		w.Header().Get("Cache-Control") != "no-store" || len(body.Errors) != 1 ||
		body.Errors[0].Message != "slow down" || body.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Errorf("%d %v %s", w.Code, w.Header(), w.Body)
	}
}

func TestClassify(t *testing.T) {
	secret := errors.New("dial tcp 10.0.0.7:7687: connection refused (password hunter2)")
	live := context.Background()
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
		code kg.Code
		msg  string
	}{
		{"invalid", live, kg.Errorf(kg.EINVALID, "first: too big"), kg.EINVALID, "first: too big"},
		{"invalid after the deadline stays invalid", expired, kg.Errorf(kg.EINVALID, "first: too big"), kg.EINVALID, "first: too big"},
		{"not found", live, kg.Errorf(kg.ENOTFOUND, "no node x"), kg.ENOTFOUND, "no node x"},
		{"unavailable keeps its message", live, kg.WrapError(kg.EUNAVAILABLE, secret, "db down"), kg.EUNAVAILABLE, "db down"},
		{"unavailable after the request's deadline", expired, kg.WrapError(kg.EUNAVAILABLE, context.DeadlineExceeded, "db slow"), kg.ETIMEOUT, msgTimeout},
		{"store timeout", live, kg.Errorf(kg.ETIMEOUT, "query timed out"), kg.ETIMEOUT, "query timed out"},
		{"raw deadline", live, fmt.Errorf("x: %w", context.DeadlineExceeded), kg.ETIMEOUT, msgTimeout},
		{"plain error", live, secret, kg.EINTERNAL, msgInternal},
		{"domain internal keeps its safe message", live, kg.WrapError(kg.EINTERNAL, secret, "internal error (request id 7)"), kg.EINTERNAL, "internal error (request id 7)"},
		{"cancelled", live, context.Canceled, kg.EUNAVAILABLE, "the request was cancelled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, msg := classify(c.ctx, c.err)
			if code != c.code || msg != c.msg {
				t.Errorf("got %s %q, want %s %q", code, msg, c.code, c.msg)
			}
		})
	}
}

// /readyz refuses in the API's error shape, with the table's status.
func TestReadyzError(t *testing.T) {
	h := New(Config{Ready: func(context.Context) error { return kg.Errorf(kg.EUNAVAILABLE, "down") }})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var body struct {
		Errors []struct{ Extensions map[string]string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != "UNAVAILABLE" {
		t.Errorf("body %s (%v)", w.Body, err)
	}
}
