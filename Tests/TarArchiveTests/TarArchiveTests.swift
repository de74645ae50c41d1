import TarArchive
import Testing

@Suite("Tar archives")
struct TarArchiveTests {}
