package styletransfer;

/** Shaping messages for one-line output. */
public final class Messages {
    private Messages() {}

    /** The message on one line: line breaks (and the blanks around them) become "; ". Null becomes "". */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }
}
