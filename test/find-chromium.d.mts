/** The variable that names a browser explicitly; it wins over everything else. */
export declare const CHROMIUM_VARIABLE: 'OTFLOW_CHROMIUM';

/** How to get a browser, in one line. */
export declare const CHROMIUM_HINT: string;

/** Flags for driving it headless in a container: no sandbox, GPU or background network traffic. */
export declare const CHROMIUM_ARGS: string[];

/**
 * A Chromium to drive, found in this order: $OTFLOW_CHROMIUM, a command on PATH (chromium, chromium-headless-shell,
 * chromium-browser, google-chrome, google-chrome-stable), Playwright's browser cache. Null when there is none; throws
 * when $OTFLOW_CHROMIUM names something that is not an executable.
 */
export declare function findChromium(env?: NodeJS.ProcessEnv): { path: string; source: string } | null;

/**
 * The Chromium a browser test drives, or null after one line on stderr saying what is skipped and how to enable it.
 * On CI (CI set) a missing browser is an error instead.
 */
export declare function chromiumForTests(what: string): string | null;
