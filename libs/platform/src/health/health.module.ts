import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

/** Terminus for the app module that declares HealthController (so it can see the app's READINESS_CHECKS). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  exports: [TerminusModule],
})
export class HealthModule {}
