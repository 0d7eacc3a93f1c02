import { FerryDb } from './ferry-db';

/** The app's one database connection (opened on first use). */
export const db = new FerryDb();
