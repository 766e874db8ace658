import { join } from 'node:path';
import { type GrpcObject, loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** `building-blocks/contracts/protos`, from `src/grpc` (tests) and from `dist/grpc` (build) alike. */
export const PROTO_ROOT = join(__dirname, '..', '..', 'contracts', 'protos');

/** Proto-loader options every service shares: camelCase fields, int64 as JS numbers (cents fit), defaults filled. */
const LOADER_OPTIONS = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true } as const;

/**
 * Loads a service from the shared protos, e.g. `loadService('shop/identity/v1/identity.proto',
 * 'shop.identity.v1.IdentityService')`. The constructor makes clients; `.service` is what a server adds.
 */
export function loadService(protoFile: string, serviceName: string): ServiceClientConstructor {
  const definition = loadSync(join(PROTO_ROOT, protoFile), { ...LOADER_OPTIONS, includeDirs: [PROTO_ROOT] });
  let node: GrpcObject | ServiceClientConstructor | undefined = loadPackageDefinition(definition);
  for (const part of serviceName.split('.')) {
    node = (node as GrpcObject | undefined)?.[part] as GrpcObject | ServiceClientConstructor | undefined;
  }
  if (typeof node !== 'function') throw new Error(`${serviceName} is not defined in ${protoFile}`);
  return node;
}

/** The shop's two services (DESIGN §6). */
export const IDENTITY_SERVICE = { proto: 'shop/identity/v1/identity.proto', name: 'shop.identity.v1.IdentityService' };
export const CATALOG_SERVICE = { proto: 'shop/catalog/v1/catalog.proto', name: 'shop.catalog.v1.CatalogService' };
