/// Test helpers shared by the test targets: the in-memory engine and the engine contract suite live here.
public enum ComposeTestSupport {
    public static let name = "ComposeTestSupport"
}
