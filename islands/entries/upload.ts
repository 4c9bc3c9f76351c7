/** Bundle entry: hydrates the upload island. @module */
import { hydrateIsland } from "../../lib/islands.ts";
import { Upload } from "../Upload.tsx";

hydrateIsland("upload", Upload);
