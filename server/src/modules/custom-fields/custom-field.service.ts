import {
  type CreateCustomFieldBody,
  type CustomFieldDto,
  type CustomFieldObject,
  customFieldKey,
  SENSITIVE_FIELD_TYPES,
  type UpdateCustomFieldBody,
} from "@rapport/core";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/principal.ts";
import type { Db } from "../../platform/db/index.ts";
import { definitionsChanged } from "../../platform/db/workspace-cache.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import * as store from "./custom-field.store.ts";
import { sealExistingValues } from "./seal-existing-values.ts";

const SELECT_TYPES = new Set(["single_select", "multi_select"]);

export async function listFields(db: Db, principal: Principal, object: CustomFieldObject) {
  return (await store.listCustomFields(db, principal.workspaceId, object)).map(toCustomFieldDto);
}

export async function createField(
  db: Db,
  principal: Principal,
  object: CustomFieldObject,
  input: z.output<typeof CreateCustomFieldBody>,
): Promise<CustomFieldDto> {
  const key = input.key ?? customFieldKey(input.label);
  if (SELECT_TYPES.has(input.type) && input.options.length === 0) {
    throw new AppError("validation_failed", "A select field needs at least one option.", {
      errors: [{ path: "options", message: "Add at least one option" }],
    });
  }
  assertDistinctOptions(input.options);
  if (input.type === "record_link" && !input.target) {
    throw new AppError("validation_failed", "A record link field needs a target object.", {
      errors: [{ path: "target", message: "Choose contacts or companies" }],
    });
  }
  assertSensitiveAllowed(input.type, input.sensitive, input.unique);
  if (input.required) {
    throw new AppError("validation_failed", "Create the field first, fill it in, then make it required.", {
      errors: [{ path: "required", message: "Existing records have no value yet" }],
    });
  }
  const row = await store.insertCustomField(db, {
    workspaceId: principal.workspaceId,
    id: newId(),
    object,
    key,
    label: input.label,
    type: input.type,
    required: false,
    isUnique: input.unique,
    sensitive: input.sensitive,
    options: input.options,
    currency: input.type === "currency" ? (input.currency ?? "USD") : null,
    target: input.type === "record_link" ? (input.target ?? null) : null,
    description: input.description ?? null,
    position: input.position ?? 0,
  });
  if (row) await definitionsChanged(db, principal.workspaceId);
  if (!row) {
    throw new AppError(
      "validation_failed",
      `A custom field with the key '${key}' already exists on ${object}.`,
      {
        errors: [{ path: input.key ? "key" : "label", message: "Key already used" }],
      },
    );
  }
  return toCustomFieldDto(row);
}

/** Changes a definition; making it required or unique is refused while existing data breaks the rule. */
export async function updateField(
  db: Db,
  principal: Principal,
  object: CustomFieldObject,
  id: string,
  input: z.output<typeof UpdateCustomFieldBody>,
): Promise<CustomFieldDto> {
  return db.transaction(async (tx) => {
    const current = await store.findCustomField(tx, principal.workspaceId, object, id);
    if (!current) throw notFound("custom field");
    if (input.options) {
      assertDistinctOptions(input.options);
      if (SELECT_TYPES.has(current.type) && input.options.length === 0) {
        throw new AppError("validation_failed", "A select field needs at least one option.", {
          errors: [{ path: "options", message: "Add at least one option" }],
        });
      }
    }
    if (input.required && !current.required) {
      const missing = await store.countValues(tx, object, principal.workspaceId, current.key, "missing");
      if (missing > 0) {
        throw new AppError(
          "validation_failed",
          `${missing} ${object} have no ${current.label}; fill them in first.`,
          {
            errors: [{ path: "required", message: `${missing} records without a value` }],
          },
        );
      }
    }
    if (input.unique && current.sensitive) assertSensitiveAllowed(current.type, true, true);
    const sealing = input.sensitive === true && !current.sensitive;
    if (sealing) {
      assertSensitiveAllowed(current.type, true, input.unique ?? current.isUnique);
      await sealExistingValues(tx, principal.workspaceId, object, current.key);
    }
    if (input.unique && !current.isUnique) {
      const duplicates = await store.countValues(tx, object, principal.workspaceId, current.key, "duplicate");
      if (duplicates > 0) {
        throw new AppError(
          "validation_failed",
          `${duplicates} values of ${current.label} are used more than once.`,
          {
            errors: [{ path: "unique", message: "Existing duplicate values" }],
          },
        );
      }
    }
    const row = await store.updateCustomField(tx, principal.workspaceId, id, {
      label: input.label,
      required: input.required,
      isUnique: input.unique,
      ...(sealing ? { sensitive: true } : {}),
      options: input.options,
      description: input.description,
      position: input.position,
    });
    await definitionsChanged(tx, principal.workspaceId);
    return toCustomFieldDto(row!);
  });
}

/** Deletes a definition and its values on every record, in one transaction. */
export async function deleteField(db: Db, principal: Principal, object: CustomFieldObject, id: string) {
  await db.transaction(async (tx) => {
    const current = await store.findCustomField(tx, principal.workspaceId, object, id);
    if (!current) throw notFound("custom field");
    await store.deleteCustomField(tx, principal.workspaceId, id);
    await store.stripCustomValues(tx, object, principal.workspaceId, current.key);
    await definitionsChanged(tx, principal.workspaceId);
  });
}

/** Sensitive values are sealed with a fresh IV each time, so they cannot be unique or of every type. */
function assertSensitiveAllowed(type: string, sensitive: boolean, unique: boolean | undefined) {
  if (!sensitive) return;
  if (!SENSITIVE_FIELD_TYPES.includes(type as CustomFieldDto["type"])) {
    throw new AppError("validation_failed", `A ${type} field cannot be sensitive.`, {
      errors: [
        {
          path: "sensitive",
          message: `Only these types can be sensitive: ${SENSITIVE_FIELD_TYPES.join(", ")}`,
        },
      ],
    });
  }
  if (unique) {
    throw new AppError("validation_failed", "A sensitive field cannot also be unique.", {
      errors: [{ path: "unique", message: "Encrypted values cannot be checked for uniqueness" }],
    });
  }
}

function assertDistinctOptions(options: { value: string }[]) {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.value)) {
      throw new AppError("validation_failed", `The option '${o.value}' appears twice.`, {
        errors: [{ path: `options[${i}].value`, message: "Repeated option" }],
      });
    }
    seen.add(o.value);
  });
}

export const toCustomFieldDto = (row: store.CustomFieldRow): CustomFieldDto => ({
  id: row.id,
  object: row.object as CustomFieldObject,
  key: row.key,
  label: row.label,
  type: row.type as CustomFieldDto["type"],
  required: row.required,
  unique: row.isUnique,
  sensitive: row.sensitive,
  options: row.options,
  currency: row.currency,
  target: row.target,
  description: row.description,
  position: row.position,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
