export const hello = "from the class path";
