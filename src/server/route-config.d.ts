// Routes mark themselves public (no session needed) in their config. Declared here because a
// Fastify plugin that adds its own route config (@fastify/rate-limit, used by the relay) makes
// TypeScript check route configs against the declared fields.
import 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
  }
}
