// The rules of a client type's or group's name, shared by adding and renaming one: one schema, and the database's
// own uniqueness turned into the same field error as the check before it (two tabs can race past that check).
import { z } from "zod";
import { Prisma } from "../generated/prisma/client";
import { fieldError } from "./load-business-options";

export const ClientOptionName = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

export const NAME_IN_USE = "That name is already in use.";

/** Runs a write of a name; the unique index refusing it becomes the field error, like the check before it. */
export async function nameInUseAsFieldError<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const duplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
    throw duplicate ? fieldError("name", NAME_IN_USE) : error;
  }
}
