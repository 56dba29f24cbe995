package dev.sluice.web;

/**
 * Every route prefix of the HTTP API, declared once for the controllers' mappings, the security rules, the
 * observers (metrics, transfers) and the OpenAPI configuration. Compile-time constants, so that annotations can use
 * them. A name ending in {@code _KEY} is the prefix an object key follows, as {@link RawKeys#keyAfter} takes it.
 */
public final class Routes {

    /** The v1 API. */
    public static final String API = "/api/v1";
    /** {@code GET}: the listing; {@code POST}: a multipart upload. */
    public static final String FILES = API + "/files";
    /** Followed by a key: an object's content (GET, HEAD, PUT, DELETE). */
    public static final String FILES_KEY = FILES + "/";
    /** Followed by a key: an object's metadata. */
    public static final String METADATA_KEY = API + "/metadata/";
    /** Followed by a folder's key (without its trailing {@code /}): create (PUT) or delete (DELETE) the folder. */
    public static final String FOLDERS_KEY = API + "/folders/";
    /** {@code POST}: move or rename a file or a folder. */
    public static final String MOVE = API + "/move";
    /** {@code POST}: copy a file or a folder. */
    public static final String COPY = API + "/copy";
    /** tus resumable uploads: {@code POST} creates one; followed by {@code /<id>}: the upload's URL. */
    public static final String UPLOADS = API + "/uploads";
    /** The upload limits. */
    public static final String LIMITS = API + "/limits";
    /** Who the caller is. */
    public static final String ME = API + "/me";
    /** Share links: create, list; followed by {@code /<id>}: revoke. */
    public static final String SHARES = API + "/shares";
    /** Followed by a token: a share link as its holder opens it. */
    public static final String SHARE_LINK = "/s/";
    /** Followed by {@code <token>/files}: the share view's API of a link. */
    public static final String SHARED = API + "/s/";
    /** {@code GET}: everything the caller may read as one ZIP; followed by a folder key: that folder's ZIP. */
    public static final String ZIP = API + "/zip";
    /** Followed by a folder key: that folder as one ZIP. */
    public static final String ZIP_KEY = ZIP + "/";
    /** {@code POST}: a signed URL for a selection's ZIP; followed by {@code /<token>}: that ZIP. */
    public static final String ZIPS = API + "/zips";
    /** The page's login and logout. */
    public static final String LOGIN = "/login";

    public static final String LOGOUT = "/logout";
    /** Spring Boot's actuator. */
    public static final String ACTUATOR = "/actuator";

    private Routes() {}
}
