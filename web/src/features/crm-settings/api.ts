import type {
  CreateCurrencyBody,
  CreateCustomFieldBody,
  CreatePipelineBody,
  CurrencyListDto,
  CurrencyRateDto,
  CustomFieldDto,
  CustomFieldObject,
  PipelineDto,
  TagDto,
  UpdateCustomFieldBody,
  UpdatePipelineBody,
} from "@rapport/core";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../app/api.ts";

type List<T> = { data: T[] };

export { customFieldsQuery } from "../../ui/record/api.ts";
export { pipelinesQuery } from "../pipeline/api.ts";

export const tagsQuery = queryOptions({
  queryKey: ["tags"],
  queryFn: async () => (await api<List<TagDto>>("GET", "/tags")).data,
});

export const currenciesQuery = queryOptions({
  queryKey: ["currencies"],
  queryFn: () => api<CurrencyListDto>("GET", "/currencies"),
});

export const crmSettingsApi = {
  createPipeline: (body: CreatePipelineBody) => api<PipelineDto>("POST", "/pipelines", body),
  updatePipeline: (id: string, body: UpdatePipelineBody) =>
    api<PipelineDto>("PATCH", `/pipelines/${id}`, body),
  deletePipeline: (id: string) => api<void>("DELETE", `/pipelines/${id}`),
  createField: (object: CustomFieldObject, body: CreateCustomFieldBody) =>
    api<CustomFieldDto>("POST", `/fields/${object}`, body),
  updateField: (object: CustomFieldObject, id: string, body: z.input<typeof UpdateCustomFieldBody>) =>
    api<CustomFieldDto>("PATCH", `/fields/${object}/${id}`, body),
  deleteField: (object: CustomFieldObject, id: string) => api<void>("DELETE", `/fields/${object}/${id}`),
  createTag: (body: { name: string; color: string }) => api<TagDto>("POST", "/tags", body),
  updateTag: (id: string, body: { name?: string; color?: string }) =>
    api<TagDto>("PATCH", `/tags/${id}`, body),
  deleteTag: (id: string) => api<void>("DELETE", `/tags/${id}`),
  addRate: (body: CreateCurrencyBody) => api<CurrencyRateDto>("POST", "/currencies", body),
  updateRate: (code: string, rate: number) => api<CurrencyRateDto>("PATCH", `/currencies/${code}`, { rate }),
  deleteRate: (code: string) => api<void>("DELETE", `/currencies/${code}`),
};
