@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker attached streams: the upgrade answer and the multiplexed frames")
struct DockerHijackTests {
    @Test("the answer head is found, its status and headers read; a body after it is not part of it")
    func head() throws {
        let bytes = Array("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nUpgrade: tcp\r\n\r\nXY".utf8)
        let end = try #require(DockerHijackedConnection.headerEnd(bytes))
        #expect(Array(bytes[(end + 4)...]) == Array("XY".utf8))
        let response = try DockerHijackedConnection.parseHead(Array(bytes[..<end]))
        #expect(response.status == 101)
        #expect(response.headers["upgrade"] == "tcp")
        #expect(DockerHijackedConnection.headerEnd(Array("HTTP/1.1 101 UPGRADED\r\n".utf8)) == nil)
        #expect(throws: (any Error).self) { try DockerHijackedConnection.parseHead(Array("garbage".utf8)) }
    }

    @Test("frames cut anywhere come out as their streams' bytes, in order, each frame's end marked")
    func frames() {
        func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
            let payload = Array(text.utf8)
            let size = UInt32(payload.count)
            return [stream, 0, 0, 0, UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)] + payload
        }
        let stream = frame(1, "hello ") + frame(2, "oops\n") + frame(1, "world\n")
        for cut in 1..<stream.count {
            var demuxer = DockerFrameDemuxer()
            var out: [UInt8] = []
            var err: [UInt8] = []
            var ends = 0
            for piece in demuxer.feed(stream[..<cut]) + demuxer.feed(stream[cut...]) {
                if piece.stream == 2 { err += piece.bytes } else { out += piece.bytes }
                if piece.ends { ends += 1 }
            }
            #expect(String(decoding: out, as: UTF8.self) == "hello world\n", "cut at \(cut)")
            #expect(String(decoding: err, as: UTF8.self) == "oops\n", "cut at \(cut)")
            #expect(ends == 3, "cut at \(cut)")
        }
    }
}
