import type { CreateShareBody, PermissionObject, ShareDto } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

export const sharesQuery = (object: PermissionObject, id: string) =>
  queryOptions({
    queryKey: ["shares", object, id],
    queryFn: async () => (await api<{ data: ShareDto[] }>("GET", `/${object}/${id}/shares`)).data,
  });

export const sharingApi = {
  share: (object: PermissionObject, id: string, body: CreateShareBody) =>
    api<ShareDto>("POST", `/${object}/${id}/shares`, body),
  unshare: (object: PermissionObject, id: string, shareId: string) =>
    api<null>("DELETE", `/${object}/${id}/shares/${shareId}`),
};
