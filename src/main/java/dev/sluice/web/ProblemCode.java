package dev.sluice.web;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * Every problem {@code code} the API answers with, its status and when it is sent: the one table that the problem
 * handler, the OpenAPI document (the {@code Problem} schema and the examples) and the table of docs/API.md's
 * "Errors" section come from ({@code ProblemCodeTableTest} keeps the last one true). A code is stable across
 * versions: programs branch on it.
 */
public enum ProblemCode {
    INVALID_KEY(
            HttpStatus.BAD_REQUEST,
            "invalid-key",
            "a key or `prefix` the Keys section refuses",
            "Invalid key: the key has a '..' segment"),
    INVALID_HEADER(
            HttpStatus.BAD_REQUEST,
            "invalid-header",
            "a `Content-Type` or digest field that does not parse, or a digest"
                    + " field with no supported algorithm (then with `Want-Content-Digest: sha-256=1`)",
            "Content-Type does not parse: Invalid mime type \"text\": does not contain '/'"),
    INVALID_REQUEST(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "any other malformed request: a query parameter, a part, a"
                    + " body, a request target that is not a valid URI, `Content-Range` on `PUT`",
            "Type mismatch."),
    DIGEST_MISMATCH(
            HttpStatus.BAD_REQUEST,
            "digest-mismatch",
            "the content does not match its digest; nothing was stored",
            "The content does not match its sha-256 digest; nothing was stored"),
    UNAUTHORIZED(
            HttpStatus.UNAUTHORIZED,
            "unauthorized",
            "no or wrong credentials (see Access control)",
            "Log in, or send HTTP Basic credentials or a bearer token"),
    FORBIDDEN(
            HttpStatus.FORBIDDEN,
            "forbidden",
            "outside the caller's rights, or a share link that does not allow it" + " (see Access control)",
            "You may not do this here"),
    FINAL_UPLOAD(
            HttpStatus.FORBIDDEN,
            "final-upload",
            "a tus `PATCH` of a final (concatenated) upload, or a body in its creation",
            "A final upload is made of its partial uploads; it takes no chunks"),
    UPLOAD_QUOTA(
            HttpStatus.FORBIDDEN,
            "upload-quota",
            "the caller has `sluice.uploads.max-unfinished` unfinished tus uploads, or their declared lengths"
                    + " would pass `sluice.uploads.max-unfinished-size`",
            "You have 100 unfinished uploads; finish or delete one first"),
    NOT_FOUND(
            HttpStatus.NOT_FOUND,
            "not-found",
            "no object at the key, or no such route",
            "No object at 'docs/notes.txt'"),
    METHOD_NOT_ALLOWED(
            HttpStatus.METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "the route has no such method; `Allow` lists" + " those it has",
            "Method PATCH is not allowed here"),
    REQUEST_TIMEOUT(
            HttpStatus.REQUEST_TIMEOUT,
            "request-timeout",
            "the request head did not arrive within"
                    + " `sluice.http.connections.head-timeout`, or an upload body paused longer than `body-read-gap`; the"
                    + " connection is closed and a staged upload removed",
            "The request head did not arrive within 20 s"),
    CONFLICT(
            HttpStatus.CONFLICT,
            "conflict",
            "the key (or the destination of a move or copy) is taken and `conflict=fail`",
            "'docs/notes.txt' exists (conflict=fail)"),
    KEY_FOLDER_CONFLICT(
            HttpStatus.CONFLICT,
            "key-folder-conflict",
            "the key is a folder, or one of its folders is an object",
            "'docs/notes.txt' is a folder; an object cannot have its name"),
    FOLDER_NOT_EMPTY(
            HttpStatus.CONFLICT,
            "folder-not-empty",
            "a folder to delete holds files or folders and the request has no `recursive=true`",
            "'photos/2025/' is not empty; delete it with recursive=true"),
    FOLDER_TOO_LARGE(
            HttpStatus.CONFLICT,
            "folder-too-large",
            "a folder move or copy on S3 (done object by object) over `sluice.storage.s3.max-folder-objects`;"
                    + " nothing was changed",
            "'photos/' holds more than 10000 objects (sluice.storage.s3.max-folder-objects)"),
    OFFSET_MISMATCH(
            HttpStatus.CONFLICT,
            "offset-mismatch",
            "a tus `PATCH` whose `Upload-Offset` is not the upload's offset; with `Upload-Offset`",
            "Upload-Offset 0 is not the upload's offset 5242880"),
    UPLOAD_BUSY(
            HttpStatus.CONFLICT,
            "upload-busy",
            "another `PATCH` (on any instance) is writing this tus upload now; with `Upload-Offset`",
            "Another request is writing this upload; its offset is 5242880"),
    PRECONDITION_FAILED(
            HttpStatus.PRECONDITION_FAILED,
            "precondition-failed",
            "`If-Match`, `If-None-Match` or" + " `If-Unmodified-Since` does not hold",
            "The precondition for 'docs/notes.txt' does not hold"),
    TUS_VERSION(
            HttpStatus.PRECONDITION_FAILED,
            "tus-version",
            "a tus request without `Tus-Resumable: 1.0.0`; with `Tus-Version`",
            "Send Tus-Resumable: 1.0.0"),
    TOO_LARGE(
            HttpStatus.PAYLOAD_TOO_LARGE,
            "too-large",
            "over `sluice.upload.max-file-size`, also found mid-stream without" + " Content-Length",
            "The file is larger than the limit of 10737418240 bytes"),
    TOO_MANY_PARTS(
            HttpStatus.PAYLOAD_TOO_LARGE,
            "too-many-parts",
            "over `sluice.upload.max-parts` (default 1000)",
            "More than 1000 parts in one request"),
    URI_TOO_LONG(
            HttpStatus.URI_TOO_LONG,
            "uri-too-long",
            "a request line longer than the server accepts",
            "The request line is longer than the server accepts"),
    UNSUPPORTED_ENCODING(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-encoding",
            "the request has a `Content-Encoding`",
            "Content-Encoding 'gzip' is not supported; send the content unencoded"),
    UNSUPPORTED_MEDIA_TYPE(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "a body of a media type the route"
                    + " does not take, such as a `POST /api/v1/files` that is not `multipart/form-data`",
            "POST /api/v1/files takes multipart/form-data; use PUT /api/v1/files/{key} for a raw body"),
    RANGE_NOT_SATISFIABLE(
            HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
            "range-not-satisfiable",
            "none of the ranges is" + " satisfiable, or there are more than 16; with `Content-Range: bytes */<size>`",
            "None of the requested ranges is satisfiable for 3 bytes, or there are more than 16"),
    TOO_MANY_REQUESTS(
            HttpStatus.TOO_MANY_REQUESTS,
            "too-many-requests",
            "too many failed logins (see Access control)",
            "Too many failed logins from this address or for this user; try again in 300 s"),
    TOO_MANY_CONNECTIONS(
            HttpStatus.TOO_MANY_REQUESTS,
            "too-many-connections",
            "the client address already holds"
                    + " `sluice.http.connections.max-per-address` connections; `Retry-After: 1`, closed",
            "This address already holds 256 connections"),
    HEADERS_TOO_LARGE(
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers-too-large",
            "request headers larger than the server" + " accepts",
            "The request headers are larger than the server accepts"),
    INTERNAL_ERROR(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "a failure of the server's own; logged",
            "The server failed to handle the request"),
    STORAGE_ERROR(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "storage-error",
            "the storage backend failed (an I/O error, S3" + " unreachable); logged",
            "Storage failed"),
    UNSUPPORTED_TRANSFER_CODING(
            HttpStatus.NOT_IMPLEMENTED,
            "unsupported-transfer-coding",
            "`Transfer-Encoding`"
                    + " other than `chunked` (`gzip, chunked`, `identity`): the server implements no other transfer coding"
                    + " (RFC 9112 §6.1); some malformed ones are already 400 from the HTTP decoder",
            "Transfer-Encoding 'gzip, chunked' is not implemented; send chunked or a Content-Length"),
    INSUFFICIENT_STORAGE(
            HttpStatus.INSUFFICIENT_STORAGE,
            "insufficient-storage",
            "disk full, or free space would fall" + " below `sluice.storage.min-free-space`",
            "Not enough storage: this upload would leave less than 1024 MB" + " free");

    private final HttpStatus status;
    private final String code;
    private final String when;
    private final String example;

    ProblemCode(HttpStatus status, String code, String when, String example) {
        this.status = status;
        this.code = code;
        this.when = when;
        this.example = example;
    }

    /** The HTTP status the problem is answered with. */
    public HttpStatus status() {
        return status;
    }

    /** The stable {@code code} member of the problem document. */
    public String code() {
        return code;
    }

    /**
     * The problem's {@code title}. RFC 9457 §4.2.1: with type {@code about:blank} it should be the status phrase RFC
     * 9110 recommends. Spring's enum still carries older phrases for two statuses we send: {@code PAYLOAD_TOO_LARGE}
     * ("Payload Too Large", RFC 9110 says "Content Too Large") and {@code REQUESTED_RANGE_NOT_SATISFIABLE}
     * ("Requested range not satisfiable", RFC 9110 says "Range Not Satisfiable").
     */
    public String title() {
        return titleOf(status);
    }

    /** When the code is sent, for the documentation (Markdown). */
    public String when() {
        return when;
    }

    /** A typical {@code detail}, as the OpenAPI document's examples show it. */
    public String example() {
        return example;
    }

    /** The code with this {@code code} member, if it is one of ours. */
    public static Optional<ProblemCode> of(String code) {
        return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
    }

    /** The code of {@code status} when the catalogue has exactly one for it. */
    public static Optional<ProblemCode> onlyOneFor(HttpStatus status) {
        List<ProblemCode> codes =
                Arrays.stream(values()).filter(value -> value.status == status).toList();
        return codes.size() == 1 ? Optional.of(codes.get(0)) : Optional.empty();
    }

    static String titleOf(HttpStatus status) {
        return switch (status.value()) {
            case 413 -> "Content Too Large";
            case 416 -> "Range Not Satisfiable";
            default -> status.getReasonPhrase();
        };
    }
}
