package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"
)

// FerretDB 1.24 updates a document by reading it, changing it in Go and writing the whole document back
// in a separate SQLite transaction (backends/sqlite collection.UpdateAll). Two concurrent updates of one
// document both read the old version and the second write wins: a field the first one set is lost
// (seen: 6 indexers adding rows to shared hour documents at once lost one row in 30). MongoDB makes
// every single-document update atomic, and the services rely on it.
//
// writeSerializer restores that guarantee for the embedded database: it sits in front of FerretDB as a
// wire-protocol proxy and lets one write command at a time through, from request to response, across
// all client connections. Reads stay concurrent. SQLite has a single writer anyway, so little is lost.
type writeSerializer struct {
	upstream string // FerretDB's own Unix socket
	logger   *slog.Logger
	writes   sync.Mutex
	meter    writeMeter
}

// Commands that change documents or collections; everything else passes without waiting.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"create": true, "createIndexes": true, "dropIndexes": true, "drop": true, "dropDatabase": true, "renameCollection": true,
}

const (
	opMsg           = 2013
	moreToCome      = 1 << 1
	maxMessageBytes = 48 << 20
)

func (w *writeSerializer) serve(ctx context.Context, l net.Listener) {
	go func() {
		<-ctx.Done()
		_ = l.Close()
	}()
	for {
		client, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil {
				w.logger.Error("accepting a connection failed", "error", err)
			}
			return
		}
		go w.relay(ctx, client)
	}
}

// relay carries one client connection to FerretDB. A client sends one request at a time on a
// connection and waits for its answer (the drivers' rule for OP_MSG without moreToCome), so the lock a
// write takes on its way in is released by the next message coming back.
func (w *writeSerializer) relay(ctx context.Context, client net.Conn) {
	defer client.Close()
	server, err := dialWithRetry(ctx, w.upstream)
	if err != nil {
		w.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	var mu sync.Mutex // guards holding and pending
	holding := false
	var pending uint32 // request id of the write holding the lock
	var target string  // the write holding the lock, as "command collection"
	var asked, acquired time.Time
	release := func(answering uint32, always bool) {
		mu.Lock()
		defer mu.Unlock()
		if holding && (always || answering == pending) {
			holding = false
			w.writes.Unlock()
			w.meter.add(target, acquired.Sub(asked), time.Since(acquired))
		}
	}
	defer release(0, true)

	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			msg, err := readMessage(server)
			if err != nil {
				_ = client.Close()
				return
			}
			// Released before the client can see the answer, and only by the answer to the write itself.
			release(binary.LittleEndian.Uint32(msg[8:12]), false)
			if _, err := client.Write(msg); err != nil {
				return
			}
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			break
		}
		name, collection, _ := commandTarget(msg)
		write := writeCommands[name]
		if write {
			waitFrom := time.Now()
			w.writes.Lock()
			mu.Lock()
			holding, pending = true, binary.LittleEndian.Uint32(msg[4:8])
			target, asked, acquired = name+" "+collection, waitFrom, time.Now()
			mu.Unlock()
		}
		if _, err := server.Write(msg); err != nil {
			break
		}
		if write && flags(msg)&moreToCome != 0 {
			release(0, true) // no answer will come
		}
	}
	_ = server.Close()
	<-done
}

func dialWithRetry(ctx context.Context, socket string) (net.Conn, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := (&net.Dialer{}).DialContext(ctx, "unix", socket)
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			return conn, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// readMessage reads one whole wire message: a 16-byte header whose first int32 is the total length.
func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[:4]))
	if length < 16 || length > maxMessageBytes {
		return nil, fmt.Errorf("wire message of %d bytes", length)
	}
	msg := make([]byte, length)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func flags(msg []byte) uint32 {
	if len(msg) < 20 {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// commandTarget reads an OP_MSG request's command, the first key of its body section, and the
// collection it names when that key's value is a string ("" when not).
func commandTarget(msg []byte) (name string, collection string, err error) {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return "", "", errors.New("not an OP_MSG")
	}
	sections := msg[20:]
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		switch kind {
		case 0: // the body: a BSON document whose first element names the command
			if len(sections) < 6 {
				return "", "", errors.New("short body")
			}
			const bsonString = 0x02
			element := sections[5:] // past the document length and the element's type byte
			end := bytes.IndexByte(element, 0)
			if end < 0 {
				return "", "", errors.New("unterminated key")
			}
			name = string(element[:end])
			if value := element[end+1:]; sections[4] == bsonString && len(value) >= 4 {
				size := int(binary.LittleEndian.Uint32(value[:4]))
				if size >= 1 && 4+size <= len(value) {
					collection = string(value[4 : 4+size-1])
				}
			}
			return name, collection, nil
		case 1: // a document sequence: skip its size-prefixed payload
			if len(sections) < 4 {
				return "", "", errors.New("short sequence")
			}
			size := int(binary.LittleEndian.Uint32(sections[:4]))
			if size < 4 || size > len(sections) {
				return "", "", errors.New("bad sequence size")
			}
			sections = sections[size:]
		default:
			return "", "", fmt.Errorf("section kind %d", kind)
		}
	}
	return "", "", errors.New("no body section")
}
