import EngineAPI
import Foundation

extension DockerEngine {
    /// `GET /containers/{id}/stats?stream=false&one-shot=true`: one reading, without dockerd's second sample.
    public func statsContainer(_ id: String) async throws(EngineError) -> ContainerStats {
        let request = DockerRequest("GET", "/containers/\(DockerRequest.segment(id))/stats",
                                    query: [("stream", "false"), ("one-shot", "true")])
        let answer = try decode(DockerStatsAnswer.self, from: try await call(request), request: request)
        let memory = answer.memory_stats
        let cache = memory?.stats?["inactive_file"] ?? memory?.stats?["total_inactive_file"] ?? 0
        let usage = memory?.usage ?? 0
        var received: UInt64 = 0, transmitted: UInt64 = 0
        for network in (answer.networks ?? [:]).values {
            received += network.rx_bytes ?? 0
            transmitted += network.tx_bytes ?? 0
        }
        var read: UInt64 = 0, written: UInt64 = 0
        for entry in answer.blkio_stats?.io_service_bytes_recursive ?? [] {
            switch entry.op?.lowercased() {
            case "read": read += entry.value ?? 0
            case "write": written += entry.value ?? 0
            default: break
            }
        }
        return ContainerStats(readAt: Date().timeIntervalSince1970, cpuNanoseconds: answer.cpu_stats?.cpu_usage?.total_usage ?? 0,
                              memoryUsage: usage > cache ? usage - cache : usage, memoryLimit: memory?.limit ?? 0,
                              pids: answer.pids_stats?.current ?? 0, networkReceived: received, networkTransmitted: transmitted,
                              blockRead: read, blockWritten: written)
    }
}

struct DockerStatsAnswer: Decodable {
    struct CPU: Decodable {
        struct Usage: Decodable { var total_usage: UInt64? }
        var cpu_usage: Usage?
    }

    struct Memory: Decodable {
        var usage: UInt64?
        var limit: UInt64?
        var stats: [String: UInt64]?
    }

    struct Pids: Decodable { var current: UInt64? }
    struct Network: Decodable {
        var rx_bytes: UInt64?
        var tx_bytes: UInt64?
    }

    struct Block: Decodable {
        struct Entry: Decodable {
            var op: String?
            var value: UInt64?
        }

        var io_service_bytes_recursive: [Entry]?
    }

    var cpu_stats: CPU?
    var memory_stats: Memory?
    var pids_stats: Pids?
    var networks: [String: Network]?
    var blkio_stats: Block?
}
