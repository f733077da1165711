// Command ferretdb-launcher runs an embedded FerretDB 1.x (MongoDB wire protocol) on the SQLite backend.
//
// It exists because `go install .../cmd/ferretdb` panics at start-up without a generated version file,
// while the embeddable package does not. Flags only; no config files.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", ".data/ferretdb", "directory holding the SQLite databases")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL when -handler=postgresql")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	debugAddr := flag.String("debug-addr", os.Getenv("FERRETDB_DEBUG_ADDR"), "address serving /debug/writes (write lock time by collection) and Go's /debug/pprof; off when empty")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}

	// FerretDB itself listens on a private socket; clients reach it through the write serializer.
	socketDir, err := os.MkdirTemp("", "ferretdb-launcher-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(socketDir)
	socket := filepath.Join(socketDir, "wire.sock")

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: socket},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     "file:" + dir + "/",
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *handler == "sqlite" {
		go (&idIndexer{dir: dir, logger: logger}).run(ctx, 500*time.Millisecond)
	}
	serializer := &writeSerializer{upstream: socket, logger: logger}
	if *debugAddr != "" {
		http.Handle("/debug/writes", &serializer.meter)
		go func() { logger.Error("the debug listener stopped", "error", http.ListenAndServe(*debugAddr, nil)) }()
	}
	public, err := net.Listen("tcp", *listen)
	if err != nil {
		fail(err)
	}
	go serializer.serve(ctx, public)

	// The readiness line is parsed by the dev stack to know the port is open.
	fmt.Printf("ferretdb listening on %s (%s backend, data in %s)\n", *listen, *handler, dir)
	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb-launcher:", err)
	os.Exit(1)
}
