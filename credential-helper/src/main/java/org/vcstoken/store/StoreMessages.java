package org.vcstoken.store;

import org.vcstoken.store.StoreSchema.Entry;
import org.vcstoken.store.StoreSchema.Field;

/**
 * What a refused store file is told, field by field: each names the field and says what to change.
 * They go inside {@link org.vcstoken.Messages#storeCorrupt}, which adds the file and the line. None
 * of them contains a value from the file: a corruption can move a secret into any field.
 */
final class StoreMessages {
    private StoreMessages() {
    }

    static String wrongType(Field f, String found) {
        return name(f) + " of " + f.entry.label + " is " + found + "; it must be " + f.allowed;
    }

    static String outOfRange(Field f) {
        return name(f) + " of " + f.entry.label + " must be " + f.allowed;
    }

    static String missing(Field f) {
        return f.entry.label + " has no " + name(f) + "; add it: " + f.allowed;
    }

    static String duplicate(Field f) {
        return name(f) + " appears twice in " + f.entry.label + "; keep one";
    }

    static String unknown(Entry entry, String name, int version) {
        // A corruption can make a key of a secret; the fields of a store are short lower-case words
        // (a secret of 40 hexadecimal digits is not), and only a name like them is shown.
        boolean word = !name.isEmpty() && name.length() <= 32;
        for (int i = 0; i < name.length() && word; i++) {
            char c = name.charAt(i);
            word = (c >= 'a' && c <= 'z') || c == '_';
        }
        return "unknown field " + (word ? quote(name) : "(its name is not shown: it might be a secret)") + " in "
                + entry.label + ": store version " + version
                + " has none such (its fields are " + StoreSchema.fieldsOf(entry, version)
                + "), and a vcstoken that writes it would have written a higher \"version\"; delete the field";
    }

    static String needsVersion(Field f, int version) {
        return name(f) + " is part of store version " + f.since + ", but the store says \"version\": " + version
                + "; set \"version\" to " + f.since + " or delete the field";
    }

    static String newerVersion(String version, int highest) {
        return "\"version\": " + version + " was written by a newer vcstoken; this one reads store versions 1 to "
                + highest + ". Upgrade vcstoken";
    }

    static String secretOrBackEnd(boolean both) {
        return both ? "a token entry has both \"secret\" and \"secret_backend\"; keep the one that holds its secret"
                : "a token entry has no \"secret\" and no \"secret_backend\"; it needs one of them";
    }

    static String notAnObject(String what) {
        return "expected " + what + " (a JSON object)";
    }

    static String notJson(String detail, int column, Field in, Field after) {
        String where = in != null ? " in the value of " + name(in) : after != null ? " after the value of " + name(after) : "";
        return "not valid JSON" + where + ": " + detail + " (column " + column + ")";
    }

    static String duplicateServer() {
        return "a second server entry with the same \"url\"; merge the two entries into one";
    }

    static String duplicateToken() {
        return "a second token with the same \"id\"; give one of them another id";
    }

    static String offOrigin() {
        return "the index puts this line with another server's lines: the index does not match the lines. "
                + indexFix();
    }

    static String indexDisagrees(String what) {
        return "the index does not match the lines above it (" + what + "), as after an edit by hand. " + indexFix();
    }

    private static String indexFix() {
        return "Replace the index line (the last, starting with \"index\") with: \"index\":null}"
                + "   vcstoken writes a new index with its next change";
    }

    static String indexKey() {
        return "the index names something that is not an origin such as https://host:8443, written as vcstoken writes it";
    }

    static String indexRange() {
        return "each origin in the index must map to four plain whole numbers [servers from, length, tokens from, "
                + "length]";
    }

    static String duplicateOrigin() {
        return "the index names an origin twice";
    }

    static String unwritable(String detail) {
        return "not writing the token store: what would be written does not read back (" + detail
                + "); nothing was changed. This is a bug in vcstoken, or a value it cannot store";
    }

    private static String name(Field f) {
        return quote(f.json);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
