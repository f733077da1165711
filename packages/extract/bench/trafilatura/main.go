// Command trafilatura runs go-trafilatura over the extraction benchmark's pages, so that the benchmark
// compares liveblog-ingest with it in the same run. It reads a manifest of JSON lines
// {"name", "path", "url"} (paths relative to the manifest, files holding decoded UTF-8 HTML) and writes
// JSON lines to stdout:
//
//	-mode score: one {"name", "text", "headlines", "error"} per page;
//	-mode speed: one {"bytes", "passes", "seconds", "cpuSeconds"} for warm passes over all pages.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

type page struct {
	Name string `json:"name"`
	Path string `json:"path"`
	URL  string `json:"url"`
	html []byte
	url  *url.URL
}

type scored struct {
	Name      string   `json:"name"`
	Text      string   `json:"text"`
	Headlines []string `json:"headlines"`
	Error     string   `json:"error,omitempty"`
}

type speed struct {
	Bytes      int     `json:"bytes"`
	Passes     int     `json:"passes"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpuSeconds"`
}

func main() {
	manifest := flag.String("manifest", "", "JSON lines {name, path, url}")
	mode := flag.String("mode", "score", "score or speed")
	budget := flag.Duration("budget", 3*time.Second, "speed: least time to measure")
	minPasses := flag.Int("passes", 3, "speed: least number of timed passes")
	flag.Parse()

	pages, err := readManifest(*manifest)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trafilatura:", err)
		os.Exit(1)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	switch *mode {
	case "score":
		for _, p := range pages {
			_ = out.Encode(score(p))
		}
	case "speed":
		_ = out.Encode(measure(pages, *budget, *minPasses))
	default:
		fmt.Fprintln(os.Stderr, "trafilatura: unknown mode", *mode)
		os.Exit(2)
	}
}

func readManifest(file string) ([]page, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var pages []page
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		if strings.TrimSpace(lines.Text()) == "" {
			continue
		}
		var p page
		if err := json.Unmarshal(lines.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("manifest line %q: %w", lines.Text(), err)
		}
		if p.html, err = os.ReadFile(filepath.Join(filepath.Dir(file), p.Path)); err != nil {
			return nil, err
		}
		p.url, _ = url.Parse(p.URL)
		pages = append(pages, p)
	}
	return pages, lines.Err()
}

// options are the library's defaults with its fallback extractors on and comments left out, which is
// how trafilatura is meant to be run for article text.
func options(p page) trafilatura.Options {
	return trafilatura.Options{OriginalURL: p.url, EnableFallback: true, ExcludeComments: true}
}

func score(p page) scored {
	result, err := trafilatura.Extract(bytes.NewReader(p.html), options(p))
	if err != nil {
		return scored{Name: p.Name, Headlines: []string{}, Error: err.Error()}
	}
	return scored{Name: p.Name, Text: result.ContentText, Headlines: headings(result.ContentNode)}
}

// headings are the texts of the headings kept in the content: trafilatura returns one body, so they are
// the closest thing it has to entry headlines.
func headings(root *html.Node) []string {
	found := []string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n == nil {
			return
		}
		if n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6' {
			found = append(found, strings.Join(strings.Fields(textOf(n)), " "))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// measure mirrors the TypeScript bench's throughput(): one untimed pass, then whole passes until both
// the time budget and the least number of passes are reached.
func measure(pages []page, budget time.Duration, minPasses int) speed {
	pass := func() {
		for _, p := range pages {
			_, _ = trafilatura.Extract(bytes.NewReader(p.html), options(p))
		}
	}
	pass()
	cpuStart := cpuTime()
	start := time.Now()
	passes := 0
	for passes < minPasses || time.Since(start) < budget {
		pass()
		passes++
	}
	total := 0
	for _, p := range pages {
		total += len(p.html)
	}
	return speed{Bytes: total, Passes: passes, Seconds: time.Since(start).Seconds(), CPUSeconds: cpuTime() - cpuStart}
}

func cpuTime() float64 {
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}
