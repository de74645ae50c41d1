import EngineAPI
@testable import EngineEmbedded
import Testing

@Suite("Dockerfile parser")
struct DockerfileParserTests {
    static func parse(_ text: String) throws -> Dockerfile {
        try DockerfileParser.parse(text, fileName: "Dockerfile")
    }

    static func message(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return (error as? EngineError)?.message
        }
    }

    @Test("keywords are case-insensitive; shell and exec forms; invalid JSON stays shell form")
    func forms() throws {
        let file = try Self.parse("""
            from busybox
            RUN echo "hi there"
            CMD ["/bin/sh", "-c", "echo x"]
            ENTRYPOINT [not json]
            RUN ["a", 1]
            """)
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN", "CMD", "ENTRYPOINT", "RUN"])
        #expect(file.instructions[1].arguments == .shell("echo \"hi there\""))
        #expect(file.instructions[2].arguments == .exec(["/bin/sh", "-c", "echo x"]))
        #expect(file.instructions[3].arguments == .shell("[not json]"))
        #expect(file.instructions[4].arguments == .shell("[\"a\", 1]"))
        #expect(file.instructions.map(\.line) == [1, 2, 3, 4, 5])
    }

    @Test("continuations join lines without a newline; comment lines inside are dropped; line numbers stay right")
    func continuations() throws {
        let file = try Self.parse("""
            FROM busybox
            # a comment
            RUN echo a \\
              # inside
                && echo b \\

              && echo c
            LABEL x=1
            """)
        #expect(file.instructions.count == 3)
        #expect(file.instructions[1].arguments == .shell("echo a     && echo b   && echo c"))
        #expect(file.instructions[1].line == 3)
        #expect(file.instructions[2].line == 8)
        #expect(file.warnings == ["Dockerfile:3: empty continuation line (deprecated)"])
    }

    @Test("escape directive: backtick continues lines and backslash is literal")
    func escapeDirective() throws {
        let file = try Self.parse("""
            # escape=`

            FROM windows
            COPY testfile.txt c:\\ `
              d:\\
            """)
        #expect(file.escape == "`")
        #expect(file.instructions[1].arguments == .shell("testfile.txt c:\\   d:\\"))
    }

    @Test("directives count only at the top: after a comment they are comments; syntax is ignored with a warning")
    func directivesOnlyFirst() throws {
        let late = try Self.parse("# hello\n# escape=`\nFROM x\nRUN a \\\n b\n")
        #expect(late.escape == "\\")
        #expect(late.instructions[1].arguments == .shell("a  b"))
        let syntax = try Self.parse("# syntax=docker/dockerfile:1\nFROM x\n")
        #expect(syntax.warnings.count == 1)
        #expect(syntax.warnings[0].hasPrefix("Dockerfile:1: the syntax directive is ignored (docker/dockerfile:1)"))
        #expect(Self.message("# escape=x\nFROM y") == "Dockerfile:1: invalid escape token 'x' does not match ` or \\")
    }

    @Test("flags of COPY, FROM, HEALTHCHECK; --link is accepted; `--` words after the arguments are not flags")
    func flags() throws {
        let file = try Self.parse("""
            FROM --platform=linux/amd64 busybox AS base
            COPY --from=base --chown=1:2 --chmod=755 --link /a /b
            HEALTHCHECK --interval=5s --retries=3 CMD curl --fail http://x
            CMD --help
            """)
        let copy = file.instructions[1]
        #expect(copy.flags == [.init(name: "from", value: "base"), .init(name: "chown", value: "1:2"),
                               .init(name: "chmod", value: "755"), .init(name: "link", value: nil)])
        #expect(copy.arguments == .shell("/a /b"))
        #expect(file.instructions[0].flag("platform") == "linux/amd64")
        #expect(file.instructions[2].flag("interval") == "5s")
        #expect(file.instructions[2].arguments == .shell("CMD curl --fail http://x"))
        #expect(file.instructions[3].flags.isEmpty)
        #expect(file.instructions[3].arguments == .shell("--help"))
    }

    @Test("errors name the file and line")
    func errors() {
        let lines = Array(repeating: "RUN true", count: 10).joined(separator: "\n")
        #expect(Self.message("FROM x\n\(lines)\nfoobar baz") == "Dockerfile:12: unknown instruction: FOOBAR")
        #expect(Self.message("FROM x\nRUN --mount=type=cache,target=/x make") == "Dockerfile:2: RUN --mount is not supported by this builder")
        #expect(Self.message("FROM x\nRUN --network=none make") == "Dockerfile:2: RUN --network is not supported by this builder")
        #expect(Self.message("FROM x\nCOPY --bogus=1 a b") == "Dockerfile:2: unknown flag for COPY: --bogus")
        #expect(Self.message("FROM x\nCOPY --from a b") == "Dockerfile:2: missing a value on flag: --from")
        #expect(Self.message("FROM x\nSHELL /bin/bash -c") == "Dockerfile:2: SHELL requires the arguments to be in JSON form")
        #expect(Self.message("FROM x\nWORKDIR") == "Dockerfile:2: WORKDIR requires at least one argument")
        #expect(Self.message("FROM x\nONBUILD ONBUILD RUN x") == "Dockerfile:2: chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
        #expect(Self.message("FROM x\nONBUILD FROM y") == "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger")
    }

    @Test("heredocs are refused with their line; here-strings and shifts are not heredocs")
    func heredocs() throws {
        #expect(Self.message("FROM x\n\nRUN <<EOF\necho hi\nEOF\n") == "Dockerfile:3: heredocs are not supported by this builder: RUN <<EOF")
        #expect(Self.message("FROM x\nCOPY <<-\"END\" /x\n") == "Dockerfile:2: heredocs are not supported by this builder: COPY <<-\"END\"")
        let file = try Self.parse("FROM x\nRUN cat <<< hi && echo $((1<<2))\n")
        #expect(file.instructions[1].arguments == .shell("cat <<< hi && echo $((1<<2))"))
    }

    @Test("CRLF line endings and a BOM are accepted")
    func crlf() throws {
        let file = try Self.parse("\u{FEFF}FROM x\r\nRUN a \\\r\n  b\r\n")
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN"])
        #expect(file.instructions[1].arguments == .shell("a   b"))
    }
}
