// verify_note checks e-PPID's signed checkpoints and proofs with Go's own implementations
// (golang.org/x/mod/sumdb/note and sumdb/tlog), as an outside auditor would.
//
// Input (stdin, JSON): {"verifier": "...", "notes": ["..."], "inclusion": [{"leaf_index",
// "tree_size", "leaf_hash", "audit_path"}], "consistency": [{"first", "second", "proof"}]}.
// Every proof must refer to tree sizes of the given notes. Exit status 0 and "ok" when all hold.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	LeafIndex int64    `json:"leaf_index"`
	TreeSize  int64    `json:"tree_size"`
	LeafHash  string   `json:"leaf_hash"`
	AuditPath []string `json:"audit_path"`
}

type consistency struct {
	First  int64    `json:"first"`
	Second int64    `json:"second"`
	Proof  []string `json:"proof"`
}

type input struct {
	Verifier    string        `json:"verifier"`
	Notes       []string      `json:"notes"`
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func toHash(text string) tlog.Hash {
	raw, err := hex.DecodeString(text)
	if err != nil || len(raw) != tlog.HashSize {
		fail("bad hash %q", text)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return h
}

func toHashes(texts []string) []tlog.Hash {
	out := make([]tlog.Hash, len(texts))
	for i, text := range texts {
		out[i] = toHash(text)
	}
	return out
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("input: %v", err)
	}
	verifier, err := note.NewVerifier(in.Verifier)
	if err != nil {
		fail("verifier key: %v", err)
	}
	roots := map[int64]tlog.Hash{}
	for _, text := range in.Notes {
		msg, err := note.Open([]byte(text), note.VerifierList(verifier))
		if err != nil {
			fail("note: %v", err)
		}
		lines := strings.Split(msg.Text, "\n")
		if len(lines) < 4 {
			fail("checkpoint: too few lines")
		}
		size, err := strconv.ParseInt(lines[1], 10, 64)
		if err != nil {
			fail("checkpoint size: %v", err)
		}
		raw, err := base64.StdEncoding.DecodeString(lines[2])
		if err != nil || len(raw) != tlog.HashSize {
			fail("checkpoint root: %v", err)
		}
		var root tlog.Hash
		copy(root[:], raw)
		roots[size] = root
	}
	for _, p := range in.Inclusion {
		root, ok := roots[p.TreeSize]
		if !ok {
			fail("no checkpoint of size %d", p.TreeSize)
		}
		if err := tlog.CheckRecord(toHashes(p.AuditPath), p.TreeSize, root, p.LeafIndex, toHash(p.LeafHash)); err != nil {
			fail("inclusion of %d in %d: %v", p.LeafIndex, p.TreeSize, err)
		}
	}
	for _, p := range in.Consistency {
		first, ok1 := roots[p.First]
		second, ok2 := roots[p.Second]
		if !ok1 || !ok2 {
			fail("no checkpoints of sizes %d and %d", p.First, p.Second)
		}
		if err := tlog.CheckTree(toHashes(p.Proof), p.Second, second, p.First, first); err != nil {
			fail("consistency %d -> %d: %v", p.First, p.Second, err)
		}
	}
	fmt.Printf("ok %d notes, %d inclusion, %d consistency\n", len(in.Notes), len(in.Inclusion), len(in.Consistency))
}
