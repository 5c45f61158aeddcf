/** The Rapport version, shown by `rapport version`, the API description and start-up messages. */
export const VERSION = "0.1.0";
