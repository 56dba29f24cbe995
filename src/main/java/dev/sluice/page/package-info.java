/** The browser page's files, served from memory so that loading the page never touches a disk on the event loop. */
@NullMarked
package dev.sluice.page;

import org.jspecify.annotations.NullMarked;
