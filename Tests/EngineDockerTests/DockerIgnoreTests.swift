import EngineAPI
@testable import EngineDocker
import Testing

@Suite(".dockerignore rules")
struct DockerIgnoreTests {
    static func ignore(_ text: String) throws -> DockerIgnore {
        try DockerIgnore(lines: DockerIgnore.lines(of: text))
    }

    @Test("reading: comments only at line start, blanks trimmed, paths cleaned, leading slash dropped, BOM stripped")
    func lines() {
        let text = "\u{FEFF}# comment\n  \n node_modules/ \n/build\n! /keep/./me.txt\n  # not a comment\r\nsub/../top\n*.md\n"
        #expect(DockerIgnore.lines(of: text) == ["node_modules", "build", "!keep/me.txt", "# not a comment", "top", "*.md"])
    }

    @Test("matching", arguments: [
        // pattern text, path, excluded
        ("secret.txt", "secret.txt", true),
        ("secret.txt", "sub/secret.txt", false),
        ("*.md", "README.md", true),
        ("*.md", "docs/README.md", false),
        ("*/*.md", "docs/README.md", true),
        ("**/*.md", "docs/deep/README.md", true),
        ("**/*.md", "README.md", true),
        ("**/secret", "a/b/secret", true),
        ("**/secret", "secret", true),
        ("**/secret", "a/notsecret", false),
        ("node_modules", "node_modules/pkg/index.js", true),
        ("build/", "build/out.o", true),
        ("docs/**", "docs/a/b.txt", true),
        ("docs/**", "docsx", false),
        ("**", "anything/at/all", true),
        ("a/**/z", "a/z", true),
        ("a/**/z", "a/b/c/z", true),
        ("a/**/z", "a/b/c/y", false),
        ("file?.txt", "file1.txt", true),
        ("file?.txt", "file10.txt", false),
        ("file[0-9].txt", "file7.txt", true),
        ("file[^0-9].txt", "file7.txt", false),
        ("a.b", "axb", false),
        ("*\n!keep.txt", "keep.txt", false),
        ("*\n!keep.txt", "other.txt", true),
        ("logs\n!logs/important.log", "logs/important.log", false),
        ("logs\n!logs/important.log", "logs/debug.log", true),
        ("*.log\n!important.log\nimportant.log", "important.log", true),
        ("!x\nx", "x", true),
        ("**/*.tmp\n!**/keep.tmp", "a/b/keep.tmp", false),
    ])
    func matching(patterns: String, path: String, excluded: Bool) throws {
        #expect(try Self.ignore(patterns).excludes(path) == excluded)
    }

    @Test("exceptions are known, so excluded directories are still walked")
    func exceptions() throws {
        #expect(try Self.ignore("a\n!a/b").hasExceptions)
        #expect(try !Self.ignore("a\nb").hasExceptions)
    }

    @Test("a lone ! and a broken class are refused")
    func invalid() {
        #expect(throws: (any Error).self) { try Self.ignore("!") }
        #expect(throws: (any Error).self) { try Self.ignore("[a-") }
    }
}
