package dev.sluice.shares;

import dev.sluice.security.Caller;
import dev.sluice.security.Callers;
import dev.sluice.security.Role;
import org.jspecify.annotations.Nullable;

/**
 * A share link acts for the user or token that made it, so it may do only what its creator may do now: on every
 * use the creator is looked up in the current configuration (as sessions are), and a link whose creator was
 * removed, lost the role, or was moved to a home that no longer covers the link's target is refused.
 */
final class CreatorRights {

    private final Callers callers;

    CreatorRights(Callers callers) {
        this.callers = callers;
    }

    /** Why {@code share} may not be used any more, for the share page to show; null when it may. */
    @Nullable
    String refusal(Share share) {
        Caller creator = callers.current(share.createdBy());
        if (creator == null) {
            return "The person who made this share link no longer has an account here";
        }
        Role needed = share.permission() == Permission.UPLOAD ? Role.WRITER : Role.READER;
        if (!creator.has(needed)) {
            return "The person who made this share link may no longer " + (needed == Role.WRITER ? "upload" : "read")
                    + " here";
        }
        String target = share.key() != null ? share.key() : share.prefix();
        if (target != null && !creator.reaches(target)) {
            return "The person who made this share link no longer has access to what it shares";
        }
        return null;
    }
}
