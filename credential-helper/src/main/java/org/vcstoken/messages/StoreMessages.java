package org.vcstoken.messages;

/**
 * What a refused store file is told, field by field, and what keeps vcstoken from reading or
 * writing it at all: each names the field and says what to change.
 * They go inside {@link Messages#storeCorrupt}, which adds the file and the line. None
 * of them contains a value from the file: a corruption can move a secret into any field. A field is
 * given by its JSON name ({@code field}), the entry it belongs to by its label ({@code entry}: "a
 * token entry") and what it may hold by the schema's words for it ({@code allowed}).
 */
public final class StoreMessages {
    private StoreMessages() {
    }

    /** @param found what the field holds, as the schema names JSON types ("a string"); null for JSON null */
    public static String wrongType(String field, String entry, String found, String allowed) {
        return quote(field) + " of " + entry + " is " + (found == null ? "null" : found) + "; it must be " + allowed;
    }

    public static String outOfRange(String field, String entry, String allowed) {
        return quote(field) + " of " + entry + " must be " + allowed;
    }

    public static String missing(String field, String entry, String allowed) {
        return entry + " has no " + quote(field) + "; add it: " + allowed;
    }

    public static String duplicate(String field, String entry) {
        return quote(field) + " appears twice in " + entry + "; keep one";
    }

    /** @param fields the fields {@code entry} has at {@code version}, as a list for the message */
    public static String unknown(String entry, String name, int version, String fields) {
        // A corruption can make a key of a secret; the fields of a store are short lower-case words
        // (a secret of 40 hexadecimal digits is not), and only a name like them is shown.
        boolean word = !name.isEmpty() && name.length() <= 32;
        for (int i = 0; i < name.length() && word; i++) {
            char c = name.charAt(i);
            word = (c >= 'a' && c <= 'z') || c == '_';
        }
        return "unknown field " + (word ? quote(name) : "(its name is not shown: it might be a secret)") + " in "
                + entry + ": store version " + version
                + " has none such (its fields are " + fields
                + "), and a vcstoken that writes it would have written a higher \"version\"; delete the field";
    }

    public static String needsVersion(String field, int since, int version) {
        return quote(field) + " is part of store version " + since + ", but the store says \"version\": " + version
                + "; set \"version\" to " + since + " or delete the field";
    }

    public static String newerVersion(String version, int highest) {
        return "\"version\": " + version + " was written by a newer vcstoken; this one reads store versions 1 to "
                + highest + ". Upgrade vcstoken";
    }

    public static String secretOrBackEnd(boolean both) {
        return both ? "a token entry has both \"secret\" and \"secret_backend\"; keep the one that holds its secret"
                : "a token entry has no \"secret\" and no \"secret_backend\"; it needs one of them";
    }

    /** @param what the entry's label ("a token entry") */
    public static String notAnObject(String what) {
        return "expected " + what + " (a JSON object)";
    }

    public static String storeNotAnObject() {
        return notAnObject("the store");
    }

    /** @param in the field whose value was being read, or null; @param after the field read last, or null */
    public static String notJson(String detail, int column, String in, String after) {
        String where = in != null ? " in the value of " + quote(in) : after != null ? " after the value of " + quote(after) : "";
        return "not valid JSON" + where + ": " + detail + " (column " + column + ")";
    }

    public static String duplicateServer() {
        return "a second server entry with the same \"url\"; merge the two entries into one";
    }

    public static String duplicateToken() {
        return "a second token with the same \"id\"; give one of them another id";
    }

    public static String offOrigin() {
        return "the index puts this line with another server's lines: the index does not match the lines. "
                + indexFix();
    }

    public static String indexNotWhereItSays() {
        return indexDisagrees("\"at\" is not where the index starts");
    }

    public static String indexChecksum() {
        return indexDisagrees("its checksum does not match it");
    }

    public static String indexUnsorted() {
        return indexDisagrees("its origins are not sorted");
    }

    public static String indexOtherServers() {
        return indexDisagrees("it names other servers than the lines do");
    }

    public static String indexLinesElsewhere(String origin) {
        return indexDisagrees("the lines of " + origin + " are not where it says");
    }

    public static String indexLinesApart(String origin) {
        return indexDisagrees("the lines of " + origin + " are not together");
    }

    private static String indexDisagrees(String what) {
        return "the index does not match the lines above it (" + what + "), as after an edit by hand. " + indexFix();
    }

    private static String indexFix() {
        return "Replace the index line (the last, starting with \"index\") with: \"index\":null}"
                + "   vcstoken writes a new index with its next change";
    }

    public static String indexKey() {
        return "the index names something that is not an origin such as https://host:8443, written as vcstoken writes it";
    }

    public static String indexRange() {
        return "each origin in the index must map to four plain whole numbers [servers from, length, tokens from, "
                + "length]";
    }

    public static String duplicateOrigin() {
        return "the index names an origin twice";
    }

    /** The generator refused a value (a string it cannot encode). */
    public static String unwritableValue() {
        return unwritable("a value cannot be written as JSON text");
    }

    /** What would be written fails to read back at {@code line}. */
    public static String unwritableAt(int line, String detail) {
        return unwritable("line " + line + ": " + detail);
    }

    private static String unwritable(String detail) {
        return "not writing the token store: what would be written does not read back (" + detail
                + "); nothing was changed. This is a bug in vcstoken, or a value it cannot store";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    // ---- the written file checked against what was meant (inside unwritableAt) -------------

    public static String serverReadsBackDifferently() {
        return "a server entry reads back differently";
    }

    /** @param tokenId the token's id, or "?" when the written file has more tokens than meant */
    public static String tokenReadsBackDifferently(String tokenId) {
        return "token " + tokenId + " reads back differently";
    }

    // ---- the store file as a whole (inside Messages.storeUnreadable/storeUnwritable) -------

    public static String storeTooLarge() {
        return "the store file is larger than 2 GB";
    }

    public static String storeShrank() {
        return "the store file shrank while it was read";
    }

    public static String permissionDenied() {
        return "permission denied";
    }

    public static String disappearedWhileOpened() {
        return "it disappeared while being opened";
    }

    public static String cannotOpen() {
        return "cannot open it";
    }

    public static String noSuchDirectory(String dir) {
        return "no such file or directory: " + dir;
    }

    public static String notAtomic() {
        return "the file system cannot replace files atomically";
    }

    /** A server's "url" that has no scheme. */
    public static String serverUrlNotAUrl() {
        return "not a URL";
    }
}
