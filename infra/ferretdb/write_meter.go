package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// writeMeter adds up, per command and collection, how long writes waited for the write lock and how
// long they held it. With one write at a time, the held times are where the embedded database's
// capacity goes: the table tells an operator which collection's writes to make cheaper.
type writeMeter struct {
	mu       sync.Mutex
	byTarget map[string]*writeTotals
}

type writeTotals struct {
	count        int64
	waited, held time.Duration
}

func (m *writeMeter) add(target string, waited, held time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byTarget == nil {
		m.byTarget = map[string]*writeTotals{}
	}
	t := m.byTarget[target]
	if t == nil {
		t = &writeTotals{}
		m.byTarget[target] = t
	}
	t.count++
	t.waited += waited
	t.held += held
}

// report writes the totals since start, the longest-held first.
func (m *writeMeter) report(w io.Writer) {
	m.mu.Lock()
	rows := make([]struct {
		target string
		writeTotals
	}, 0, len(m.byTarget))
	for target, t := range m.byTarget {
		rows = append(rows, struct {
			target string
			writeTotals
		}{target, *t})
	}
	m.mu.Unlock()
	sort.Slice(rows, func(i, j int) bool { return rows[i].held > rows[j].held })
	fmt.Fprintf(w, "%-40s %10s %12s %12s %10s\n", "write", "count", "held s", "waited s", "held ms/op")
	for _, r := range rows {
		fmt.Fprintf(w, "%-40s %10d %12.1f %12.1f %10.2f\n", r.target, r.count, r.held.Seconds(), r.waited.Seconds(), float64(r.held.Microseconds())/1000/float64(r.count))
	}
}

func (m *writeMeter) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	m.report(w)
}
