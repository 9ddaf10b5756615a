import { Actor, Role } from '@desk/org-auth';
import {
  CreateReportSubscriptionDto,
  ReportDeliveryView,
  ReportSubscriptionService,
  ReportSubscriptionView,
  SendNowDto,
  UpdateReportSubscriptionDto,
} from '@desk/reports';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsList } from '../openapi/contracts';

const subscriptionId = uuidParam('Report subscription');

@ApiTags('reports')
@ApiBearerAuth()
@Roles(Role.Supervisor, Role.UnitHead)
@Controller('report-subscriptions')
export class ReportSubscriptionsController {
  constructor(private readonly subscriptions: ReportSubscriptionService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe recipients to a report (PD heads: their own PD only)' })
  @ApiCreatedResponse({ type: ReportSubscriptionView })
  @Returns('ReportSubscription')
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateReportSubscriptionDto,
  ): Promise<ReportSubscriptionView> {
    return this.subscriptions.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Subscriptions I may manage' })
  @ReturnsList('ReportSubscription')
  list(@CurrentActor() actor: Actor): Promise<ReportSubscriptionView[]> {
    return this.subscriptions.list(actor);
  }

  @Get(':id')
  @Returns('ReportSubscription')
  get(
    @CurrentActor() actor: Actor,
    @Param('id', subscriptionId) id: string,
  ): Promise<ReportSubscriptionView> {
    return this.subscriptions.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a subscription, or pause it with active: false' })
  @Returns('ReportSubscription')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', subscriptionId) id: string,
    @Body() dto: UpdateReportSubscriptionDto,
  ): Promise<ReportSubscriptionView> {
    return this.subscriptions.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('id', subscriptionId) id: string): Promise<void> {
    await this.subscriptions.remove(actor, id);
  }

  @Post(':id/send-now')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Deliver a period now (a delivery of its own): the previous complete period, or with period=current the current one so far',
  })
  @Returns('ReportDelivery')
  sendNow(
    @CurrentActor() actor: Actor,
    @Param('id', subscriptionId) id: string,
    @Body() dto: SendNowDto,
  ): Promise<ReportDeliveryView> {
    return this.subscriptions.sendNow(actor, id, dto);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: every delivery, its attempts and each mail’s status' })
  @ReturnsList('ReportDelivery')
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', subscriptionId) id: string,
  ): Promise<ReportDeliveryView[]> {
    return this.subscriptions.deliveries(actor, id);
  }
}
