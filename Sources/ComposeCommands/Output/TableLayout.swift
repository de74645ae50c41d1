/// Aligned columns as Go's text/tabwriter lays out docker's tables: each cell but the last of a line is padded
/// to its column's widest cell plus `padding`, and to at least `minWidth`; widths count characters (runes).
struct TableLayout: Sendable {
    var minWidth: Int
    var padding: Int

    /// docker's container tables (`compose ps`): tabwriter(minwidth 10, padding 3).
    static let docker = TableLayout(minWidth: 10, padding: 3)
    /// docker compose's own list tables (`compose ls`): tabwriter(minwidth 20, padding 3).
    static let compose = TableLayout(minWidth: 20, padding: 3)

    /// The table, one line per row, each ending with a newline.
    func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: minWidth, count: max(columns - 1, 0))
        for row in rows {
            for (index, cell) in row.dropLast().enumerated() {
                widths[index] = max(widths[index], cell.unicodeScalars.count + padding)
            }
        }
        var out = ""
        for row in rows {
            for (index, cell) in row.enumerated() {
                out += cell
                if index < row.count - 1 {
                    out += String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                }
            }
            out += "\n"
        }
        return out
    }
}
