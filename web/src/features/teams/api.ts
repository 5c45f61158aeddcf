import type { CreateTeamBody, TeamDto, UpdateTeamBody } from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../app/api.ts";

export const teamsQuery = queryOptions({
  queryKey: ["teams"],
  queryFn: async () => (await api<{ data: TeamDto[] }>("GET", "/teams")).data,
  staleTime: 60_000,
});

export const teamsApi = {
  create: (body: CreateTeamBody) => api<TeamDto>("POST", "/teams", body),
  update: (id: string, body: UpdateTeamBody) => api<TeamDto>("PATCH", `/teams/${id}`, body),
  remove: (id: string) => api<null>("DELETE", `/teams/${id}`),
};
